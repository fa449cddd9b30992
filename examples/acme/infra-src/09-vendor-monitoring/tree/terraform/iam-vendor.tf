# The vendor's collector runs in their account 444455556666.
resource "aws_iam_role" "vendor_monitoring" {
  name        = "vendor-monitoring"
  description = "vendor read-only access for monitoring"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::444455556666:root" }
      Action    = "sts:AssumeRole"
    }]
  })
  tags = { vendor = "observability-saas" }
}

resource "aws_iam_role_policy_attachment" "vendor_monitoring" {
  role       = aws_iam_role.vendor_monitoring.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
