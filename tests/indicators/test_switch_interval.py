"""The recompute's shorter thread switch interval (status.switching_threads_every, docs/adr/0012)
is put back as it was, however blocks in several threads of one process overlap."""

import sys
import threading

from indicators import status


def test_the_interval_is_set_for_the_block_and_put_back():
    was = sys.getswitchinterval()
    with status.switching_threads_every(0.001):
        assert sys.getswitchinterval() == 0.001
    assert sys.getswitchinterval() == was


def test_overlapping_blocks_in_two_threads_leave_the_interval_as_it_was():
    """A starts, B starts, A ends while B runs, B ends: B keeps its interval until it ends,
    and the process's interval is the one from before A, not the one A found."""
    was = sys.getswitchinterval()
    a_in, b_in, a_out, b_may_end = (threading.Event() for _ in range(4))
    seen = {}

    def job_a():
        with status.switching_threads_every(0.001):
            a_in.set()
            b_in.wait(5)
        a_out.set()

    def job_b():
        a_in.wait(5)
        with status.switching_threads_every(0.001):
            b_in.set()
            a_out.wait(5)
            seen["b after a ended"] = sys.getswitchinterval()
            b_may_end.wait(5)

    threads = [threading.Thread(target=job_a), threading.Thread(target=job_b)]
    for thread in threads:
        thread.start()
    a_out.wait(5)
    b_may_end.set()
    for thread in threads:
        thread.join(5)
    assert seen["b after a ended"] == 0.001
    assert sys.getswitchinterval() == was


def test_a_failure_in_the_block_puts_it_back():
    was = sys.getswitchinterval()
    try:
        with status.switching_threads_every(0.001):
            raise RuntimeError("the recompute failed")
    except RuntimeError:
        pass
    assert sys.getswitchinterval() == was
