# Temporary: the 2022 datacenter move (DMS + S3 copy).  Delete after Q2 2022.
resource "aws_iam_user" "migration_2022" {
  name = "migration-2022"
  tags = {
    purpose    = "2022 datacenter migration"
    created-by = "jane.roe"
  }
}

resource "aws_iam_user_policy_attachment" "migration_2022_admin" {
  user       = aws_iam_user.migration_2022.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_user_policy" "migration_2022" {
  name = "dms-and-s3"
  user = aws_iam_user.migration_2022.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["dms:*", "s3:*"], Resource = "*" }]
  })
}

resource "aws_iam_access_key" "migration_2022" {
  user = aws_iam_user.migration_2022.name
}

# a second key for the DMS runner host
resource "aws_iam_access_key" "migration_2022_dms" {
  user = aws_iam_user.migration_2022.name
}
