// Ktor Cookie: secure and httpOnly false unless set.
import io.ktor.http.*

fun prefs() = Cookie("layout", "grid")
