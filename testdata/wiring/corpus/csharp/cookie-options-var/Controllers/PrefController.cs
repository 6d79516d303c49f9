// class: cookie
// ASP.NET Core docs: CookieOptions.HttpOnly "default is false",
// CookieOptions.Secure "default is false"; the options may be filled in
// after new CookieOptions().
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

public class PrefController : Controller
{
    public IActionResult Set()
    {
        var options = new CookieOptions();
        options.HttpOnly = false; // want code/session-cookie-not-httponly
        options.Expires = DateTimeOffset.UtcNow.AddDays(7);
        Response.Cookies.Append("session_id", "v", options); // want code/session-cookie-insecure
        return Ok();
    }

    public IActionResult Safe()
    {
        var safe = new CookieOptions();
        safe.HttpOnly = true;
        safe.Secure = true;
        Response.Cookies.Append("session_id", "v", safe);
        return Ok();
    }
}
