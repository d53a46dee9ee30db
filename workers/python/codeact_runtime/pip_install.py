"""`!pip install x` in the browser: Pyodide's own packages load from the lock
(vendored wheels, then the CDN); other pure-Python packages come from PyPI via
micropip, only when network access is on. Pyodide-only: imports are lazy."""

import sys

from .shell_lines import base_name, requirement_names


def _in_lock(name):
    import pyodide_js

    return bool(pyodide_js.lockfile.packages.hasOwnProperty(name))


def _loaded(name):
    import pyodide_js

    return bool(pyodide_js.loadedPackages.hasOwnProperty(name))


async def pip_install(args, allow_network):
    import pyodide_js

    for requirement in requirement_names(args):
        name = base_name(requirement)
        if _in_lock(name):
            await pyodide_js.loadPackage(name)
            if _loaded(name):
                print(f"{name} is provided by Pyodide and is loaded (no pip needed: just import it).")
            else:
                print(
                    f"pip install {requirement}: '{name}' could not be loaded: it is not bundled with this app "
                    "and the Pyodide CDN is unreachable. Connect to the internet, or rebuild the app with "
                    "PYODIDE_WHEELS_DIR pointing at a Pyodide release.",
                    file=sys.stderr,
                )
        elif not allow_network:
            print(
                f"pip install {requirement}: not installed, because network access is off for Python. "
                "Packages that ship with Pyodide (numpy, pandas, scikit-learn, matplotlib, ...) need no pip: "
                "just import them. Turn on network access in the settings to install other packages from PyPI.",
                file=sys.stderr,
            )
        else:
            await pyodide_js.loadPackage("micropip")
            import micropip

            await micropip.install(requirement)
            print(f"Installed {requirement} with micropip.")
