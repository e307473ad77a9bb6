/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark helper: parses each file given with json-glib and prints the CPU seconds it took, the
 * reference the sync's own CPU time is compared with. */
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <sys/resource.h>

static double
cpu_seconds (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
         (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

int
main (int argc, char **argv)
{
  double total = 0;
  gsize bytes = 0;

  for (int i = 1; i < argc; i++)
    {
      g_autofree char *text = NULL;
      gsize len = 0;
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      double t0;
      if (!g_file_get_contents (argv[i], &text, &len, NULL))
        return 1;
      t0 = cpu_seconds ();
      if (!json_parser_load_from_data (parser, text, len, NULL))
        return 1;
      total += cpu_seconds () - t0;
      bytes += len;
    }
  printf ("%.3f %" G_GSIZE_FORMAT "\n", total, bytes);
  return 0;
}
