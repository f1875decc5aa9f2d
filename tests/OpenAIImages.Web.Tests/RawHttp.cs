using System;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Web.Tests;

/// <summary>A request written byte by byte on a socket, for what HttpClient will not send: a body that is not all there, a length it does not have.</summary>
internal static class RawHttp
{
    /// <summary>Sends <paramref name="head"/> (request line and headers, without the blank line) and <paramref name="body"/>, then reads until the app closes the connection.</summary>
    /// <param name="app">The app's address.</param>
    /// <param name="head">The request line and headers, one a line.</param>
    /// <param name="body">What is sent of the body, which may be less than its Content-Length says.</param>
    /// <param name="endRequest">Whether to close the sending side after <paramref name="body"/>, as a client that went away does.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <returns>The status code and everything after the response's headers.</returns>
    /// <exception cref="IOException">The connection was reset, or closed without an answer.</exception>
    public static async Task<(int Status, string Body)> SendAsync(Uri app, string head, byte[] body, bool endRequest, CancellationToken cancellationToken)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(app.Host, app.Port, cancellationToken);
        NetworkStream stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ReplaceLineEndings("\r\n").TrimEnd() + "\r\nConnection: close\r\n\r\n"), cancellationToken);
        await stream.WriteAsync(body, cancellationToken);
        await stream.FlushAsync(cancellationToken);
        if (endRequest)
        {
            socket.Client.Shutdown(SocketShutdown.Send);
        }

        using var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, cancellationToken);
        }
        catch (IOException) when (received.Length >= 12 && !cancellationToken.IsCancellationRequested)
        {
            // An app that answers before the body it was promised has arrived may reset the connection after its answer
            // (the unread bytes still coming): the answer already received stands.
        }

        string response = Encoding.UTF8.GetString(received.ToArray());
        if (response.Length < 12)
        {
            throw new IOException("The app closed the connection without an answer.");
        }

        int status = int.Parse(response.AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture);
        int end = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (status, end < 0 ? string.Empty : response[(end + 4)..]);
    }
}
