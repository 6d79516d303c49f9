// class: cookie, ratelimit
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Shop.Controllers;

[ApiController]
[Route("api/[controller]")]
public class AccountController : ControllerBase
{
    [HttpPost("register")] // want code/auth-route-without-rate-limit
    public IActionResult Register()
    {
        var options = new CookieOptions
        {
            HttpOnly = true,
            Expires = DateTimeOffset.UtcNow.AddDays(14),
        };
        Response.Cookies.Append("remember", "abc", options); // want code/session-cookie-insecure
        return Ok();
    }
}
