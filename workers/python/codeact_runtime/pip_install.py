"""`!pip install x` in the browser: Pyodide's own packages load through the host's
package path (vendored wheels, then the Pyodide CDN for this version: the same narrow
path as a cell's imports); other pure-Python packages come from PyPI via micropip, only
when network access is on. Pyodide-only: imports are lazy."""

import sys

from .shell_lines import base_name, requirement_names


def _in_lock(name):
    import pyodide_js

    return bool(pyodide_js.lockfile.packages.hasOwnProperty(name))


async def _load(name):
    """Through the host's package path; True when it loaded."""
    import codeact_host

    failed = await codeact_host.load_packages([name])
    return len(failed) == 0


async def pip_install(args, allow_network):
    for requirement in requirement_names(args):
        name = base_name(requirement)
        if _in_lock(name):
            if await _load(name):
                print(f"{name} is provided by Pyodide and is loaded (no pip needed: just import it).")
            else:
                print(
                    f"pip install {requirement}: '{name}' could not be loaded: it is not bundled with this app "
                    "and could not be downloaded from the Pyodide CDN (no internet connection?). Connect to the "
                    "internet, or rebuild the app with PYODIDE_WHEELS_DIR pointing at a Pyodide release.",
                    file=sys.stderr,
                )
        elif not allow_network:
            print(
                f"pip install {requirement}: not installed, because network access is off for Python. "
                "Packages that ship with Pyodide (numpy, pandas, scikit-learn, matplotlib, ...) need no pip: "
                "just import them. Turn on network access in the settings to install other packages from PyPI.",
                file=sys.stderr,
            )
        elif not await _load("micropip"):
            print(
                f"pip install {requirement}: micropip (the installer for PyPI packages) could not be loaded.",
                file=sys.stderr,
            )
        else:
            import micropip

            await micropip.install(requirement)
            print(f"Installed {requirement} with micropip.")
