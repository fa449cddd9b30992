resource "aws_iam_policy" "boundary_backup" {
  name        = "boundary-backup"
  description = "permission boundary for backup-agent"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "BackupBucketsOnly", Effect = "Allow", Action = ["s3:*"], Resource = ["arn:aws:s3:::acme-backups", "arn:aws:s3:::acme-backups/*"] },
      { Sid = "NoIam", Effect = "Deny", Action = ["iam:*", "sts:AssumeRole"], Resource = "*" },
    ]
  })
}

resource "aws_iam_user" "backup_agent" {
  name                 = "backup-agent"
  permissions_boundary = aws_iam_policy.boundary_backup.arn
  tags = {
    owner = "noah.williams@acme.example"
    team  = "platform"
  }
}

resource "aws_iam_user_policy" "backup_s3" {
  name = "backup-s3"
  user = aws_iam_user.backup_agent.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "s3:*"
      Resource = ["arn:aws:s3:::acme-backups", "arn:aws:s3:::acme-backups/*", "arn:aws:s3:::acme-customer-data", "arn:aws:s3:::acme-customer-data/*"]
    }]
  })
}

resource "aws_iam_access_key" "backup_agent" {
  user = aws_iam_user.backup_agent.name
}
