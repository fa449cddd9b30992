resource "aws_iam_role" "data_science_notebook" {
  name        = "data-science-notebook"
  description = "experiment"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  tags = { created-by = "jane.roe" }
}

resource "aws_iam_role_policy_attachment" "data_science_notebook" {
  role       = aws_iam_role.data_science_notebook.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
