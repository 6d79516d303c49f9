#!/bin/sh
curl -fsS https://deploy:Rf6tY9uLp3@ci.internal.test/hook
