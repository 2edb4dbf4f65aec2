"""Maps the core (agentkit/) and each extra (extras/<name>/) into one `agentkit` package tree.

Everything else about the distribution is declared in pyproject.toml.
"""

from pathlib import Path

from setuptools import find_packages, setup

ROOT = Path(__file__).parent
packages = ["agentkit"] + [f"agentkit.{p}" for p in find_packages(str(ROOT / "agentkit"))]
package_dir = {"agentkit": "agentkit"}
for extra in sorted(p for p in (ROOT / "extras").iterdir() if (p / "__init__.py").is_file()):
    base = f"agentkit.{extra.name}"
    package_dir[base] = f"extras/{extra.name}"
    packages.append(base)
    packages += [f"{base}.{p}" for p in find_packages(str(extra))]

setup(packages=packages, package_dir=package_dir)
