from maternity_desk.logsetup import rotate


def test_rotation_keeps_five_old_logs(tmp_path):
    log = tmp_path / "maternity-desk.log"
    for generation in range(8):
        log.write_text(f"gen {generation}\n" + "x" * 200)
        assert rotate(log, max_bytes=100, keep=5)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"maternity-desk.log.{i}" for i in range(1, 6)]
    assert (tmp_path / "maternity-desk.log.1").read_text().startswith("gen 7")
    assert (tmp_path / "maternity-desk.log.5").read_text().startswith("gen 3")


def test_small_log_is_left_alone(tmp_path):
    log = tmp_path / "maternity-desk.log"
    log.write_text("short")
    assert not rotate(log, max_bytes=100)
    assert log.read_text() == "short"
