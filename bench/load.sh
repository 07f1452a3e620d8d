#!/bin/sh
# Load test: a gunicorn server on 127.0.0.1:${PORT:-8104} (2 workers) and, in a second process,
# bench/load.py with 20 concurrent clients. DATABASE_URL names the database (e.g. the national
# demo's); a token for a benchmark superuser is issued for the run and revoked after it.
set -eu
cd "$(dirname "$0")/.."
PORT="${PORT:-8104}"
CLIENTS="${CLIENTS:-20}"
REQUESTS="${REQUESTS:-2000}"
export DJANGO_SETTINGS_MODULE=payung.settings
eval "$(.venv/bin/python - <<'PY'
import django
django.setup()
from django.contrib.auth import get_user_model
from payung.accounts.models import ApiToken
from payung.regions.models import Region
user, _ = get_user_model().objects.get_or_create(
    username="bench", defaults={"is_superuser": True, "is_staff": True}
)
token, raw = ApiToken.issue(user=user, name="bench/load.sh")
codes = list(Region.objects.filter(level__in=["province", "regency", "city"]).values_list("code", flat=True))
print(f"TOKEN={raw} TOKEN_ID={token.pk} CODES={','.join(codes)}")
PY
)"
.venv/bin/gunicorn payung.wsgi -b "127.0.0.1:$PORT" -w 2 --log-level warning &
SERVER=$!
trap 'kill $SERVER; .venv/bin/python -c "import django; django.setup(); from payung.accounts.models import ApiToken; ApiToken.objects.filter(pk=$TOKEN_ID).delete()"' EXIT
sleep 8
.venv/bin/python bench/load.py --url "http://127.0.0.1:$PORT" --token "$TOKEN" \
    --clients "$CLIENTS" --requests "$REQUESTS" --codes "$CODES"
