# Image for web, worker and beat (docker-compose.yml). Not used by scripts/run or CI.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir -e . \
    && DJANGO_SETTINGS_MODULE=ambito.settings python manage.py collectstatic --noinput -v 0
RUN useradd --system --home /app ambito && mkdir -p /app/var/private && chown -R ambito /app/var
USER ambito
EXPOSE 8000
CMD ["gunicorn", "ambito.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
