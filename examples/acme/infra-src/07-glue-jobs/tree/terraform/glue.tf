resource "aws_glue_job" "raw_to_curated" {
  name     = "raw-to-curated"
  role_arn = aws_iam_role.etl_pipeline.arn
  command {
    script_location = "s3://acme-etl-scripts/raw_to_curated.py"
  }
  glue_version = "4.0"
}

resource "aws_iam_group" "data_eng" {
  name = "data-eng"
}

resource "aws_iam_policy" "data_eng_athena" {
  name = "data-eng-athena"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults", "glue:GetTable", "glue:GetTables", "glue:GetDatabase", "glue:GetPartitions"], Resource = "*" },
      { Effect = "Allow", Action = ["s3:GetObject", "s3:ListBucket"], Resource = ["arn:aws:s3:::acme-curated", "arn:aws:s3:::acme-curated/*"] },
    ]
  })
}

resource "aws_iam_group_policy_attachment" "data_eng" {
  group      = aws_iam_group.data_eng.name
  policy_arn = aws_iam_policy.data_eng_athena.arn
}
