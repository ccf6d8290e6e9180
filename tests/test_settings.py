"""Settings read from the environment, checked in fresh processes."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'eager': settings.CELERY_TASK_ALWAYS_EAGER, 'broker': settings.CELERY_BROKER_URL, "
    "'cache': settings.CACHES['default']['BACKEND'], 'db': settings.DATABASES['default']['ENGINE'], "
    "'debug': settings.DEBUG, 'tz': settings.TIME_ZONE, 'email': settings.EMAIL_BACKEND}))"
)


def run(env_overrides, *args, settings_module="config.settings.local"):
    env = {
        key: value
        for key, value in os.environ.items()
        # The browser tests' async opt-out would (rightly) fail the deployment check.
        if key
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "SECRET_KEY",
            "DEBUG",
            "EMAIL_URL",
            "TIME_ZONE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(DJANGO_SETTINGS_MODULE=settings_module, **env_overrides)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def probe(env_overrides, settings_module="config.settings.local"):
    result = run(env_overrides, "-c", PROBE, settings_module=settings_module)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_redis_tasks_run_eagerly_and_cache_is_local_memory():
    found = probe({})
    assert found["eager"] is True
    assert found["broker"] == "memory://localhost/"
    assert found["cache"].endswith("LocMemCache")
    assert found["db"].endswith("sqlite3")


def test_with_redis_it_carries_tasks_and_cache():
    found = probe({"REDIS_URL": "redis://127.0.0.1:6379/3"})
    assert found["eager"] is False
    assert found["broker"] == "redis://127.0.0.1:6379/3"
    assert found["cache"].endswith("RedisCache")


def test_database_email_and_time_zone_come_from_the_environment():
    found = probe(
        {
            "DATABASE_URL": "postgres://u:p@db.example:5432/coaching",
            "EMAIL_URL": "smtp://mail.example:25",
            "TIME_ZONE": "Europe/Madrid",
        }
    )
    assert found["db"] == "django.db.backends.postgresql"
    assert found["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert found["tz"] == "Europe/Madrid"


def test_production_refuses_to_start_without_a_secret_key():
    result = run({}, "-c", PROBE, settings_module="config.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_development_has_a_default_key_only_with_debug_on():
    assert probe({})["debug"] is True
    result = run({"DEBUG": "false"}, "-c", PROBE)
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deployment_check():
    result = run(
        {
            "SECRET_KEY": "a-long-random-production-secret-key-with-enough-entropy-0123456789abcdef",
            "ALLOWED_HOSTS": "coaching.example.com",
        },
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        settings_module="config.settings.production",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_settings_import_nothing_from_the_app_and_still_carry_the_beat_schedule():
    code = (
        "import json, sys; from django.conf import settings; "
        "schedule = sorted(entry['task'] for entry in settings.CELERY_BEAT_SCHEDULE.values()); "
        "app = sorted(name for name in sys.modules if name == 'coaching' or name.startswith('coaching.')); "
        "print(json.dumps({'schedule': schedule, 'app_modules': app}))"
    )
    for module in ("config.settings.local", "config.settings.test"):
        result = run({}, "-c", code, settings_module=module)
        assert result.returncode == 0, result.stderr
        found = json.loads(result.stdout)
        assert found["app_modules"] == []
        assert "coaching.alerts_evaluate" in found["schedule"]


def test_a_lost_redis_is_given_up_on_within_about_a_second():
    probe_timeouts = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps({'eager': settings.CELERY_TASK_ALWAYS_EAGER, "
        "'connect': settings.CELERY_BROKER_TRANSPORT_OPTIONS['socket_connect_timeout'], "
        "'publish_retries': settings.CELERY_TASK_PUBLISH_RETRY_POLICY['max_retries'], "
        "'result_retries': settings.CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS['retry_policy']['max_retries'], "
        "'cache_connect': settings.CACHES['default']['OPTIONS']['socket_connect_timeout']}))"
    )
    result = run({"REDIS_URL": "redis://127.0.0.1:1/0", "REDIS_TIMEOUT": "0.5"}, "-c", probe_timeouts)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "eager": False,
        "connect": 0.5,
        "publish_retries": 1,
        "result_retries": 1,
        "cache_connect": 0.5,
    }


STORAGE_PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "from django.core.files.storage import storages; s = storages['default']; "
    "print(json.dumps({'backend': type(s).__module__ + '.' + type(s).__name__, "
    "'bucket': getattr(s, 'bucket_name', None), 'location': getattr(s, 'location', None), "
    "'endpoint': getattr(s, 'endpoint_url', None), 'acl': getattr(s, 'default_acl', None)}))"
)


def test_import_files_go_to_the_file_system_by_default_and_to_a_bucket_when_one_is_named():
    def storage(env):
        result = run(env, "-c", STORAGE_PROBE)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    assert storage({})["backend"] == "django.core.files.storage.filesystem.FileSystemStorage"
    found = storage(
        {
            "COACHING_STORAGE_BUCKET": "coaching-imports",
            "AWS_S3_ENDPOINT_URL": "http://minio.internal:9000",
            "AWS_ACCESS_KEY_ID": "key",
            "AWS_SECRET_ACCESS_KEY": "secret",
        }
    )
    assert found == {
        "backend": "storages.backends.s3.S3Storage",
        "bucket": "coaching-imports",
        "location": "coaching",
        "endpoint": "http://minio.internal:9000",
        "acl": "private",
    }
