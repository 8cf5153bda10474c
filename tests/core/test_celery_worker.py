"""A real `celery worker` process answers a task sent through Redis."""

from config.celery_app import ping


def test_task_round_trip_through_real_worker(celery_worker_process):
    result = ping.delay("hello from the test")
    assert result.get(timeout=60) == "hello from the test"
    assert result.successful()


def test_eager_mode_without_broker(settings):
    """With no REDIS_URL the default settings run tasks in-process."""
    from config.settings import base

    assert base.CELERY_TASK_ALWAYS_EAGER is (not base.REDIS_URL)
    assert ping.delay("inline").get(timeout=5) == "inline"
