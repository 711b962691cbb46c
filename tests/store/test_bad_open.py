

def test_disk_full_is_told_and_the_file_keeps_the_last_save(tmp_path):
    """SQLite's 'database or disk is full' (a file at its size limit stands for a full disk)."""
    from policyeditor.core.errors import PolicyFileError
    from policyeditor.core.model import Policy, Section
    from policyeditor.store.policyfile import PolicyFile

    path = tmp_path / "full.policy"
    policy = Policy("Full", [Section("One", "Short text.")])
    PolicyFile.create(path, policy).close()
    with PolicyFile.open(path) as pf:
        pages = pf.conn.execute("PRAGMA page_count").fetchone()[0]
        pf.conn.execute(f"PRAGMA max_page_count = {pages}")
        policy.sections[0].body = "x" * 200_000
        try:
            pf.save_draft(policy)
        except PolicyFileError as error:
            assert "disk is full" in str(error)
        else:
            raise AssertionError("a save past the size limit must fail")
        assert pf.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with PolicyFile.open(path) as pf:
        assert pf.load_draft().sections[0].body == "Short text."
