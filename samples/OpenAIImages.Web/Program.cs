using OpenAIImages.Web;

await WebSampleApp.Create(args).RunAsync();
