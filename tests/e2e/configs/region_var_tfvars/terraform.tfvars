aws_region = "ap-southeast-2"
sender     = "no-reply@example.com.au"
