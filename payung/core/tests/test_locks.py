"""Lock files tell a job whose process died from one still being worked on."""

import signal

from payung.core.locks import abandoned, working_on

from .processes import holding_lock


def test_a_job_is_abandoned_once_the_process_holding_its_lock_is_killed(tmp_path):
    lock = tmp_path / "jobs" / "7.lock"
    with holding_lock(lock) as holder:
        assert not abandoned(lock)
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        assert abandoned(lock)
    assert not lock.exists()


def test_a_lock_is_released_and_removed_when_the_work_ends(tmp_path):
    lock = tmp_path / "8.lock"
    with working_on(lock):
        assert lock.exists()
    assert not lock.exists()
    assert abandoned(lock)
