"""The engine's bulk runs pause the cyclic collector and give it back as they found it."""

import gc

from sanad.adjudication.collector import collector_frozen, collector_paused


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


def test_what_exists_before_a_frozen_block_is_out_of_the_collectors_walks_inside() -> None:
    kept = [[n] for n in range(1000)]
    with collector_frozen():
        walked = {id(found) for found in gc.get_objects()}
        assert not any(id(item) in walked for item in kept)
        made = [0]
        assert id(made) in {id(found) for found in gc.get_objects()}
    assert gc.get_freeze_count() == 0
    assert id(kept[0]) in {id(found) for found in gc.get_objects()}
