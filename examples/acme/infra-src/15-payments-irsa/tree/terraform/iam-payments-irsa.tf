locals {
  eks_oidc = "oidc.eks.us-east-1.amazonaws.com/id/5C2B8E1F0D7A4E3B9A61C0D4F2E8B7A1"
}

resource "aws_iam_role" "payments_api" {
  name = "payments-api"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/${local.eks_oidc}" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.eks_oidc}:sub" = "system:serviceaccount:payments:payments-api"
          "${local.eks_oidc}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
  tags = {
    team  = "payments"
    owner = "aisha.khan@acme.example"
  }
}

resource "aws_iam_role_policy_attachment" "payments_api" {
  role       = aws_iam_role.payments_api.name
  policy_arn = aws_iam_policy.payments_data.arn
}
