secondary_region = "eu-central-1"
