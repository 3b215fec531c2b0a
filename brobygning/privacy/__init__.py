"""Data-subject rights (GDPR art. 15, 17, 20) and retention for households.

`export` collects everything held about one household, `erasure` anonymises it on request,
`retention` anonymises closed cases and prunes the access log when their periods run out.
"""
