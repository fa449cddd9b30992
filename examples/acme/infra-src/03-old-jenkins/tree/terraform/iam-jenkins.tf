resource "aws_iam_role" "old_jenkins" {
  name = "old-jenkins"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "old_jenkins" {
  name = "jenkins"
  role = aws_iam_role.old_jenkins.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["ec2:*", "s3:*", "ecr:*"], Resource = "*" }]
  })
}
