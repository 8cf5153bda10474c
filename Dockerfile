# Production-like image: the Python app with its npm-built assets and WeasyPrint's libraries.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY static_src ./static_src
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 DJANGO_SETTINGS_MODULE=config.settings.production
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
COPY config ./config
COPY core ./core
COPY outcomes ./outcomes
COPY indicators ./indicators
COPY strategies ./strategies
COPY scrutiny ./scrutiny
RUN pip install --no-cache-dir .
COPY . .
COPY --from=assets /app/static/dist ./static/dist
RUN DJANGO_SECRET_KEY=build DJANGO_ALLOWED_HOSTS=build REDIS_URL=redis://build:6379/0 python manage.py collectstatic --noinput
RUN useradd --create-home app && mkdir -p /app/media && chown app /app/media
USER app
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
