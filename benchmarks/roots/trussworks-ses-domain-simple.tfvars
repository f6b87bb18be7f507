test_name           = "ses-domain-test"
ses_bucket          = "acme-ses-domain-test"
enable_verification = true
enable_spf_record   = true
