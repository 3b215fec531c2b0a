FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# Pango, HarfBuzz and a font: WeasyPrint loads them at run time for the PDF record.
RUN apt-get update && apt-get install -y --no-install-recommends gettext \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 brobygning
WORKDIR /app
COPY pyproject.toml README.md ./
COPY . .
RUN pip install --no-cache-dir . \
    && DJANGO_ENV=production DJANGO_SECRET_KEY=build-only-collectstatic-key-not-used-at-run-time-0123456789 \
       DJANGO_ALLOWED_HOSTS=build DATABASE_URL=postgres://build@localhost/build \
       python manage.py collectstatic --noinput \
    && mkdir -p var && chown -R brobygning /app/var
USER brobygning
EXPOSE 8000
CMD ["gunicorn", "brobygning.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
