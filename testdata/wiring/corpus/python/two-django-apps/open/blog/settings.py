# class: ratelimit
# A separate project in the same repository: no throttles.
REST_FRAMEWORK = {}
