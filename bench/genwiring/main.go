//go:build tools

// Command genwiring writes generated JavaScript, Python and Java sources
// for bench/staticscan.sh: realistic route, CORS, cookie and rate-limit
// code, in the proportions of a monorepo, with no network.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
)

const jsTemplate = `const express = require('express');
const cors = require('cors');
const rateLimit = require('express-rate-limit');

const router = express.Router();
const limiter%[1]d = rateLimit({ windowMs: 60 * 1000, limit: %[1]d });
const corsOptions = { origin: ['https://app%[1]d.example.com'], credentials: true };

router.use(cors(corsOptions));

// Handlers for resource %[1]d: list, read, update and the cookie it sets.
router.get('/items%[1]d', async (req, res) => {
  const page = Number(req.query.page || 1);
  res.json(await store.list('items%[1]d', { page, limit: 50 }));
});

router.get('/items%[1]d/:id', async (req, res) => {
  const item = await store.get('items%[1]d', req.params.id);
  if (!item) return res.status(404).json({ error: 'not found' });
  res.cookie('last_seen_%[1]d', item.id, { secure: true, httpOnly: true, sameSite: 'lax' });
  res.json(item);
});

router.post('/items%[1]d/login', limiter%[1]d, async (req, res) => {
  res.json(await auth.login(req.body));
});

module.exports = router;
`

const pyTemplate = `from flask import Blueprint, jsonify, request
from flask_cors import CORS
from .limits import limiter

bp = Blueprint("items%[1]d", __name__)
CORS(bp, origins=["https://app%[1]d.example.com"], supports_credentials=True)


@bp.get("/items%[1]d")
def list_items():
    page = int(request.args.get("page", 1))
    return jsonify(store.list("items%[1]d", page=page, limit=50))


@bp.post("/items%[1]d/login")
@limiter.limit("5 per minute")
def login():
    """Sets the session cookie with Secure and HttpOnly."""
    return jsonify(auth.login(request.json))
`

const javaTemplate = `package com.example.items%[1]d;

import org.springframework.web.bind.annotation.*;

@RestController
@CrossOrigin(origins = "https://app%[1]d.example.com")
public class Items%[1]dController {
    // Rate limits come from the gateway; the cookie is set by Spring Session.
    @GetMapping("/items%[1]d")
    public List<Item> list(@RequestParam(defaultValue = "50") int limit) {
        return store.list("items%[1]d", limit);
    }
}
`

func main() {
	dir := flag.String("dir", "", "output folder")
	js := flag.Int("js", 3000, "JavaScript files")
	py := flag.Int("py", 2000, "Python files")
	java := flag.Int("java", 1000, "Java files")
	flag.Parse()
	if *dir == "" {
		log.Fatal("genwiring: -dir is required")
	}
	write := func(n int, sub, ext, tmpl string) {
		for i := 0; i < n; i++ {
			p := filepath.Join(*dir, sub, fmt.Sprintf("mod%03d", i/100), fmt.Sprintf("items%d%s", i, ext))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				log.Fatal(err)
			}
			if err := os.WriteFile(p, fmt.Appendf(nil, tmpl, i), 0o644); err != nil {
				log.Fatal(err)
			}
		}
	}
	write(*js, "web/src/routes", ".js", jsTemplate)
	write(*py, "services/py", ".py", pyTemplate)
	write(*java, "services/java/src/main/java", ".java", javaTemplate)
}
