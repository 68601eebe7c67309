"""tools/servers.py writes the endpoints the launched servers read."""
import yaml

from tools.servers import Servers, sqlite_tracker


def test_the_tracker_files_folder_exists_so_conversations_are_not_kept_in_memory_only(tmp_path):
    store = tmp_path / "not-yet" / "tracker.db"
    servers = Servers(tmp_path / "model.tar.gz", tmp_path, "sqlite://", endpoints={"tracker_store": sqlite_tracker(store)})
    servers.actions_port = 5999
    written = yaml.safe_load(servers._write_endpoints().read_text(encoding="utf-8"))
    assert written["tracker_store"]["db"] == str(store)
    assert written["action_endpoint"]["url"].endswith(":5999/webhook")
    assert store.parent.is_dir()
