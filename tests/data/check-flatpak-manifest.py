#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifest: valid JSON, the expected app id and command,
a GNOME runtime, least-privilege permissions and no unpinned sources."""
import json
import sys

path, app_id = sys.argv[1], sys.argv[2]
errors = []
try:
    with open(path, encoding="utf-8") as f:
        manifest = json.load(f)
except (OSError, ValueError) as e:
    sys.exit(f"{path}: not valid JSON: {e}")

def expect(cond, message):
    if not cond:
        errors.append(message)

expect(manifest.get("id", manifest.get("app-id")) == app_id, f"id must be {app_id}")
expect(manifest.get("command") == "aura", "command must be aura")
expect(manifest.get("runtime") == "org.gnome.Platform", "runtime must be org.gnome.Platform")
expect(manifest.get("sdk") == "org.gnome.Sdk", "sdk must be org.gnome.Sdk")
finish = manifest.get("finish-args", [])
for needed in ("--share=network", "--share=ipc", "--socket=wayland", "--socket=fallback-x11",
               "--device=dri"):
    expect(needed in finish, f"finish-args lacks {needed}")
for arg in finish:
    expect(not arg.startswith("--filesystem=home") and arg != "--filesystem=host",
           f"finish-args must not grant {arg}")
    expect(arg not in ("--socket=x11", "--device=all", "--socket=session-bus",
                       "--socket=system-bus"), f"finish-args must not grant {arg}")
modules = manifest.get("modules", [])
expect(bool(modules) and isinstance(modules[-1], dict) and modules[-1].get("name") == "aura",
       "the last module must build aura")
for module in modules:
    if not isinstance(module, dict):
        continue
    for source in module.get("sources", []):
        if source.get("type") in ("archive", "file"):
            expect(len(source.get("sha256", "")) == 64,
                   f"module {module.get('name')}: a downloaded source needs its sha256")
for e in errors:
    print(f"{path}: {e}", file=sys.stderr)
sys.exit(1 if errors else 0)
