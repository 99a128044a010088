"""The security suite: attacks on the server as a whole, kept as regression tests.

- `test_hostile_input.py`: hostile asset URLs, output folders, oversized and deep arguments, forged
  consent answers, through real MCP sessions;
- `test_hostile_upstream.py`: a hostile Model API and file host on loopback (the emulator's faults):
  token echoes, bad request ids, redirects, oversized, endless and cut bodies, too many files, long names;
- `test_url_corpus.py`: the URL corpus through the server (`tests/test_urls.py`: through `urls.py`);
- `test_kill_steps.py`: kill -9 at every step of a job, then a restart;
- `test_journal_damage.py`: unreadable rows, a damaged file, a full state disk;
- `test_full_disk.py`: a full output disk;
- `test_fuzz.py`: a seeded fuzz run over every tool (`bench/bench_fuzz.py`: a bigger one).
Transport limits and multi-user HTTP are in `tests/mcp/test_guard.py`, `test_http.py`, `test_clients.py`.
"""
