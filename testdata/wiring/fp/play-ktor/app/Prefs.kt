import io.ktor.http.*

fun prefs() = Cookie("layout", "grid", secure = true, httpOnly = true)
