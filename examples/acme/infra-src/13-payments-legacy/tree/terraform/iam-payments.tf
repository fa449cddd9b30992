resource "aws_iam_policy" "payments_data" {
  name = "payments-data"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "PaymentsTables", Effect = "Allow", Action = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query", "dynamodb:BatchWriteItem"], Resource = ["arn:aws:dynamodb:us-east-1:111122223333:table/payments-ledger", "arn:aws:dynamodb:us-east-1:111122223333:table/payments-ledger/index/*"] },
      { Sid = "Queues", Effect = "Allow", Action = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:SendMessage", "sqs:GetQueueAttributes"], Resource = "arn:aws:sqs:us-east-1:111122223333:payments-*" },
      { Sid = "Decrypt", Effect = "Allow", Action = ["kms:Decrypt", "kms:GenerateDataKey"], Resource = "arn:aws:kms:us-east-1:111122223333:key/7f3c2a9e-1b4d-4c6e-8a2f-5d9b0e1c3a47" },
    ]
  })
}

resource "aws_iam_user" "payments_legacy" {
  name = "payments-legacy"
  tags = {
    team  = "payments"
    owner = "kenji.watanabe@acme.example"
  }
}

resource "aws_iam_user_policy_attachment" "payments_legacy" {
  user       = aws_iam_user.payments_legacy.name
  policy_arn = aws_iam_policy.payments_data.arn
}

resource "aws_iam_access_key" "payments_legacy" {
  user = aws_iam_user.payments_legacy.name
}
