resource "aws_iam_role" "etl_pipeline" {
  name        = "etl-pipeline"
  description = "nightly ETL: raw -> curated, Athena reports"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = ["glue.amazonaws.com", "ecs-tasks.amazonaws.com"] }
      Action    = "sts:AssumeRole"
    }]
  })
  tags = {
    team = "data"
    app  = "etl"
  }
}

# TODO(jane): tighten once the pipeline is stable
resource "aws_iam_role_policy" "etl_all" {
  name = "etl-all"
  role = aws_iam_role.etl_pipeline.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "TemporaryTightenLater", Effect = "Allow", Action = "*", Resource = "*" }]
  })
}
