package org.edgenet.image;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Decodes image files with ImageIO, turning every failure into an IOException that names the file. */
final class ImageFiles {
    /** PIL's DecompressionBombError threshold (2 x Image.MAX_IMAGE_PIXELS). */
    static final long MAX_PIXELS = 2L * (1024L * 1024 * 1024 / 4 / 3);

    private ImageFiles() {}

    static BufferedImage read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such image file");
        }
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a directory, not an image");
        }
        if (!Files.isReadable(file)) {
            throw new AccessDeniedException(file.toString(), null, "image file not readable");
        }
        if (Files.size(file) == 0) {
            throw new IOException(file + ": empty file, not an image");
        }
        // A file-backed stream: no cache file, unlike ImageIO's InputStream wrappers.
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new IOException(file + ": cannot open for reading");
            }
            ImageReader reader = findReader(in, file);
            try {
                return decode(reader, in, file);
            } finally {
                reader.dispose();
            }
        }
    }

    private static ImageReader findReader(ImageInputStream in, Path file) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        while (readers.hasNext()) {
            ImageReader r = readers.next();
            // WBMP has no signature, so ImageIO "recognises" arbitrary bytes as WBMP; PIL does not read it either.
            if (!"wbmp".equalsIgnoreCase(r.getFormatName())) {
                return r;
            }
        }
        throw new IOException(file + ": not an image in a format ImageIO can read (JPEG, PNG, BMP, GIF, TIFF)");
    }

    private static BufferedImage decode(ImageReader reader, ImageInputStream in, Path file) throws IOException {
        String format = reader.getFormatName().toLowerCase(Locale.ROOT);
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        // Only the PNG header is consulted (see isGray16WithTransparencyChunk); other metadata is skipped.
        reader.setInput(in, true, !format.equals("png"));
        int width;
        int height;
        try {
            width = reader.getWidth(0);
            height = reader.getHeight(0);
        } catch (IOException | RuntimeException e) {
            throw decodeFailure(file, format, e);
        }
        // Refuse before decoding, so a forged header cannot make us allocate gigabytes.
        if ((long) width * height > MAX_PIXELS) {
            throw new IOException(file + ": " + width + "x" + height + " image exceeds the " + MAX_PIXELS
                    + "-pixel limit (PIL refuses it too)");
        }
        BufferedImage image;
        try {
            image = reader.read(0, unconvertedColours(reader));
            if (isGray16WithTransparencyChunk(format, reader, image)) {
                image = withoutAlpha16(image);
            }
        } catch (IOException | RuntimeException e) {
            throw decodeFailure(file, format, e);
        }
        for (String w : warnings) {
            // libjpeg only warns on a truncated JPEG and fills the rest with grey; PIL raises.
            String lower = w.toLowerCase(Locale.ROOT);
            if (lower.contains("premature end") || lower.contains("truncated")) {
                throw new IOException(file + ": truncated " + format + " image (" + w + ")");
            }
        }
        if (image == null) {
            throw new IOException(file + ": the " + format + " decoder returned no image");
        }
        return image;
    }

    /**
     * A JPEG with an embedded ICC profile is converted to sRGB by default (Java 2D colour management,
     * values move by a level or more); PIL ignores the profile. Asking for the profile's own colour
     * space as the destination leaves the decoded samples untouched.
     */
    private static ImageReadParam unconvertedColours(ImageReader reader) throws IOException {
        ImageReadParam param = reader.getDefaultReadParam();
        if (reader.getFormatName().equalsIgnoreCase("jpeg")) {
            for (Iterator<ImageTypeSpecifier> it = reader.getImageTypes(0); it.hasNext(); ) {
                ImageTypeSpecifier type = it.next();
                ColorSpace cs = type.getColorModel().getColorSpace();
                if (cs instanceof ICC_ColorSpace && cs.getType() == ColorSpace.TYPE_RGB && !cs.isCS_sRGB()) {
                    param.setDestinationType(type);
                    break;
                }
            }
        }
        return param;
    }

    /**
     * ImageIO turns a tRNS chunk on 16-bit grey into an alpha band; PIL keeps such a file in mode 'I'
     * (no alpha), whose RGB conversion differs from grey+alpha. Detect it from the PNG header.
     */
    private static boolean isGray16WithTransparencyChunk(String format, ImageReader reader, BufferedImage image)
            throws IOException {
        if (!format.equals("png") || image == null || image.getRaster().getNumBands() != 2
                || image.getColorModel().getComponentSize(0) != 16) {
            return false;
        }
        IIOMetadata meta = reader.getImageMetadata(0);
        Node root = meta.getAsTree("javax_imageio_png_1.0");
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeName().equals("IHDR") && n instanceof Element ihdr) {
                return ihdr.getAttribute("colorType").equals("Grayscale");
            }
        }
        return false;
    }

    /** The grey band alone, sharing the pixel data. */
    private static BufferedImage withoutAlpha16(BufferedImage image) {
        WritableRaster gray = image.getRaster().createWritableChild(
                0, 0, image.getWidth(), image.getHeight(), 0, 0, new int[] {0});
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY),
                new int[] {16}, false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        return new BufferedImage(cm, gray, false, null);
    }

    /** IIOException, EOFException or, from some decoders on corrupt data, an unchecked exception. */
    private static IOException decodeFailure(Path file, String format, Exception e) {
        return new IOException(file + ": cannot decode " + format + " image (corrupt or truncated?): "
                + describe(e), e);
    }

    /** The exception chain in one line; ImageIO's EOFExceptions carry no message of their own. */
    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String message = c.getMessage() != null ? c.getMessage()
                    : c instanceof EOFException ? "unexpected end of file" : c.getClass().getSimpleName();
            sb.append(sb.length() > 0 ? "; " : "").append(message);
        }
        return sb.toString();
    }
}
