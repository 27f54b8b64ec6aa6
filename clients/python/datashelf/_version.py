# The release's version, kept equal to package.json's by scripts/versions.ts (npm version runs it).
__version__ = "0.1.0"
