/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Runs the fuzz target on every file under the folders given (the seeds and the inputs that once
 * failed), for builds without libFuzzer: the regression test of everything the fuzzer found. */
#include <glib.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static guint
replay (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  if (dir == NULL)
    {
      g_autofree char *data = NULL;
      gsize size = 0;
      if (!g_file_get_contents (path, &data, &size, NULL))
        g_error ("cannot read %s", path);
      LLVMFuzzerTestOneInput ((const guint8 *) data, size);
      return 1;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (name[0] != '.')
        n += replay (child);
    }
  return n;
}

int
main (int argc, char **argv)
{
  guint n = 0;

  for (int i = 1; i < argc; i++)
    n += replay (argv[i]);
  printf ("1..1\nok 1 - %u inputs decoded\n", n);
  return 0;
}
