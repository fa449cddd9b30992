locals {
  app_api_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"], Resource = "arn:aws:dynamodb:*:111122223333:table/app-*" },
      { Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = "arn:aws:s3:::acme-app-assets/*" },
      { Effect = "Allow", Action = ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"], Resource = "arn:aws:sqs:*:111122223333:app-*" },
      { Effect = "Allow", Action = ["secretsmanager:GetSecretValue"], Resource = "arn:aws:secretsmanager:*:111122223333:secret:app/*" },
    ]
  })
  ecs_trust = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

# One role per region, copied: keep the two in step.
resource "aws_iam_role" "app_api_us_east_1" {
  name               = "app-api-us-east-1"
  assume_role_policy = local.ecs_trust
  tags = {
    team  = "app"
    owner = "carlos.mendez@acme.example"
  }
}

resource "aws_iam_role_policy" "app_api_us_east_1" {
  name   = "app-api"
  role   = aws_iam_role.app_api_us_east_1.id
  policy = local.app_api_policy
}

resource "aws_iam_role" "app_api_eu_west_1" {
  name               = "app-api-eu-west-1"
  assume_role_policy = local.ecs_trust
  tags               = { team = "app" }
}

resource "aws_iam_role_policy" "app_api_eu_west_1" {
  name   = "app-api"
  role   = aws_iam_role.app_api_eu_west_1.id
  policy = local.app_api_policy
}
