region = "eu-west-2"
