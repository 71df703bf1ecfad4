// nginx answers an upload over its size limit (site/deploy/nginx.conf) with 413 and
// {"success": false, "error_message": "Tệp quá lớn…"}. Wagtail shows only "upload failed" (the multiple-upload
// widget) or "Server Error: Report this error… - 413" (the upload tab of the image and document choosers):
// this shows nginx's message in both places instead.
document.addEventListener("DOMContentLoaded", function () {
  var $ = window.jQuery;
  if (!$) {
    return;
  }

  function messageOf(xhr) {
    if (!xhr || xhr.status !== 413) {
      return null;
    }
    try {
      return JSON.parse(xhr.responseText).error_message || null;
    } catch (error) {
      return null;
    }
  }

  // The choosers' upload tab posts with $.ajax and, on error, appends a "Server Error" block to the modal;
  // jQuery's global ajaxError event comes after that local handler, so the block is there to be replaced.
  $(document).on("ajaxError", function (event, xhr) {
    var message = messageOf(xhr);
    if (!message) {
      return;
    }
    var $block = $(".modal .help-block.help-critical, [data-w-dialog-target] .help-block.help-critical").last();
    if ($block.length) {
      $block.text(message).attr("data-upload-too-large", "");
    }
  });

  if (!$("#fileupload").length) {
    return;
  }
  $("#fileupload").on("fileuploadalways", function (event, data) {
    var message = messageOf(data.jqXHR);
    if (message) {
      var $row = $(data.context);
      $row.removeClass("upload-server-error").addClass("upload-failure");
      $row.find(".error_messages").text(message);
    }
  });
});
