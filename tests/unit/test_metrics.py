"""The Prometheus counters: the names API.md and the README give, and a process whose jobs
all start at once counts every one of them."""

import subprocess
import sys
import textwrap

FIRST_USE_TOGETHER = textwrap.dedent("""
    import threading
    from blacklist.infra.metrics import PrometheusMetrics

    metrics, start = PrometheusMetrics(), threading.Barrier(8)

    def run(n):
        start.wait()
        metrics.job_ran(f"job{n}", "ok", 0.01)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(metrics.exposition().decode())
""")


def test_jobs_starting_together_in_a_fresh_process_are_all_counted():
    result = subprocess.run([sys.executable, "-c", FIRST_USE_TOGETHER], capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    counted = [line for line in result.stdout.splitlines()
               if line.startswith('blacklist_job_runs_total{job="job')]
    assert len(counted) == 8 and all(line.endswith(" 1.0") for line in counted)


def test_the_documented_metric_names_are_served():
    from blacklist.infra.metrics import PrometheusMetrics

    metrics = PrometheusMetrics()
    metrics.pushed("city", "acked")
    metrics.settled("city", "delivered", 3)
    metrics.job_ran("push", "ok", 0.2)
    metrics.screened("clear", 2)
    text = metrics.exposition().decode()
    for name in ('blacklist_feed_pushes_total{feed="city",outcome="acked"}',
                 'blacklist_feed_changes_total{feed="city",outcome="delivered"}',
                 'blacklist_job_runs_total{job="push",outcome="ok"}',
                 'blacklist_job_duration_seconds_count{job="push"}',
                 'blacklist_screenings_total{decision="clear"}'):
        assert name in text, name
