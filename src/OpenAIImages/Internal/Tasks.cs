using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Internal;

/// <summary>Waiting for a task the SDK does not control (a user's delegate) no longer than a token allows.</summary>
internal static class Tasks
{
    /// <summary>The task's result, or an <see cref="System.OperationCanceledException"/> as soon as <paramref name="cancellationToken"/> is cancelled, even if the task ignores it.</summary>
    public static async Task<T> WaitAsync<T>(Task<T> task, CancellationToken cancellationToken)
    {
#if NET
        return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
#else
        if (!task.IsCompleted && cancellationToken.CanBeCanceled)
        {
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(static s => ((TaskCompletionSource<bool>)s!).TrySetResult(true), cancelled))
            {
                await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
        }

        return await task.ConfigureAwait(false);
#endif
    }
}
