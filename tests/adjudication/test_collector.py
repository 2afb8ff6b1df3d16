"""The engine's bulk runs pause the cyclic collector and give it back as they found it."""

import gc

from sanad.adjudication.collector import collector_paused


def test_the_collector_is_paused_inside_and_restored_after() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        assert gc.get_freeze_count() > 0  # what existed before the run is kept out of the walks
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_collector_disabled_before_stays_disabled() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_comes_back_when_the_run_fails() -> None:
    try:
        with collector_paused():
            raise RuntimeError("a chunk failed")
    except RuntimeError:
        pass
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
