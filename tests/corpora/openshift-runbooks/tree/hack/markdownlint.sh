#!/bin/bash -ex

markdownlint-cli2 '**/*.md'
