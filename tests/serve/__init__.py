"""Tests of narrator.serve. A package, so that a test file here may share its name with one
in another folder of tests/."""
