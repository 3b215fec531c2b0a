# "5. dec. 2026", "5. marts 2026", "5. dec. 2026 kl. 14.05": month names lower-case, the
# abbreviations Danish uses (N: jan., feb., marts, april, maj, juni, juli, aug., sept., okt.,
# nov., dec.). Never 05-12-2026 or 05.12.2026 on a page.
DATE_FORMAT = "j. N Y"
DATETIME_FORMAT = r"j. N Y \k\l. H.i"
TIME_FORMAT = "H.i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j. N"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
# "5.400", "5.400,50".
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
