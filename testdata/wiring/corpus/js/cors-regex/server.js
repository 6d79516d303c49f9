// class: cors
// The cors package tests a RegExp origin with RegExp.test: unanchored.
const express = require('express');
const cors = require('cors');

const app = express();

// Only subdomains of example.com end in ".example.com": safe.
app.use('/a', cors({ origin: /\.example\.com$/ }));
app.use('/b', cors({ origin: /^https:\/\/(app|admin)\.example\.com$/ }));

// evilexample.com matches.
app.use('/c', cors({ origin: /example\.com$/ })); // want code/cors-loose-regex
// example.com.evil.net matches.
app.use('/d', cors({ origin: /^https:\/\/app\.example\.com/ })); // want code/cors-loose-regex

module.exports = app;
