package a

// A Kotlin raw string.
val help = """
    val cookie = Cookie("session", "abc")
    response.addCookie(cookie)
"""
