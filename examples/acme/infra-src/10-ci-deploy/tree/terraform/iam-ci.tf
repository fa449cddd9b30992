resource "aws_iam_policy" "deploy_app" {
  name        = "deploy-app"
  description = "ECR push and ECS roll-out for the app services"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "PushImages", Effect = "Allow", Action = ["ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"], Resource = "*" },
      { Sid = "RollOutServices", Effect = "Allow", Action = ["ecs:DescribeServices", "ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition", "ecs:UpdateService"], Resource = "*" },
      { Sid = "PassTaskRoles", Effect = "Allow", Action = "iam:PassRole", Resource = ["arn:aws:iam::111122223333:role/app-api-us-east-1", "arn:aws:iam::111122223333:role/app-api-eu-west-1"] },
      { Sid = "StaticAssets", Effect = "Allow", Action = ["s3:PutObject", "s3:GetObject", "s3:ListBucket", "s3:DeleteObject"], Resource = ["arn:aws:s3:::acme-app-assets", "arn:aws:s3:::acme-app-assets/*"] },
    ]
  })
}

resource "aws_iam_group" "deployers" {
  name = "deployers"
}

resource "aws_iam_group_policy_attachment" "deployers" {
  group      = aws_iam_group.deployers.name
  policy_arn = aws_iam_policy.deploy_app.arn
}

resource "aws_iam_user" "ci_deploy" {
  name = "ci-deploy"
  tags = {
    team = "platform"
    repo = "acme/infra"
  }
}

resource "aws_iam_user_group_membership" "ci_deploy" {
  user   = aws_iam_user.ci_deploy.name
  groups = [aws_iam_group.deployers.name]
}

# The key goes into the repository's Actions secrets by hand.
resource "aws_iam_access_key" "ci_deploy" {
  user = aws_iam_user.ci_deploy.name
}
